import { execFile } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { freePort } from './serverProcess.js'

const run = promisify(execFile)

/** A real PostgreSQL server from Debian's package, in a temporary folder on a free loopback port. */
export interface PostgresServer {
  /** A new, empty database; its connection URL. */
  createDatabase(): Promise<string>
  stop(): Promise<void>
}

function binDir(): string {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root)
    ? readdirSync(root).filter((version) => existsSync(path.join(root, version, 'bin', 'initdb')))
    : []
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0]
  if (!newest) {
    throw new Error(
      `PostgreSQL is missing under ${root}: apt-get install postgresql (bash scripts/test.sh installs it)`,
    )
  }
  return path.join(root, newest, 'bin')
}

/** PostgreSQL refuses to run as root, so as root the tools run as the postgres user. */
async function runTool(tool: string, args: string[]): Promise<void> {
  const command = path.join(binDir(), tool)
  const asRoot = process.getuid?.() === 0
  await run(
    asRoot ? 'runuser' : command,
    asRoot ? ['-u', 'postgres', '--', command, ...args] : args,
  )
}

export async function startPostgres(): Promise<PostgresServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tablenotes-pg-'))
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres'])
    const { stdout: group } = await run('id', ['-g', 'postgres'])
    await chown(dir, Number(stdout), Number(group))
  }
  const data = path.join(dir, 'data')
  const log = path.join(dir, 'postgres.log')
  const port = await freePort()
  try {
    await runTool('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8'])
    await runTool('pg_ctl', [
      '-D',
      data,
      '-l',
      log,
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ])
  } catch (error) {
    const output = await readFile(log, 'utf8').catch(() => '')
    throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${output}`)
  }
  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`
  let next = 1
  return {
    async createDatabase() {
      const name = `tablenotes_${process.pid}_${next++}`
      const client = new pg.Client({ connectionString: admin })
      await client.connect()
      await client.query(`CREATE DATABASE ${name}`)
      await client.end()
      return `postgres://postgres@127.0.0.1:${port}/${name}`
    },
    async stop() {
      await runTool('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined)
      await rm(dir, { recursive: true, force: true })
    },
  }
}
