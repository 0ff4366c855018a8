import { type ChildProcess, spawn } from 'node:child_process'
import { connect } from 'node:net'
import { freePort } from './serverProcess.js'

/** A real redis-server from Debian's package on a free loopback port, keeping nothing on disk. */
export interface RedisServer {
  url: string
  /** Stops the server as an outage would (SIGKILL); `start` brings it back on the same port. */
  stop(): Promise<void>
  start(): Promise<void>
  /** Whether it was started and has not exited since. */
  running(): boolean
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort()
  let child: ChildProcess | null = null
  let output = ''
  const start = async () => {
    output = ''
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    child = started
    const spawnFailed = new Promise<never>((_, reject) => {
      started.once('error', (error: NodeJS.ErrnoException) => {
        reject(
          new Error(
            error.code === 'ENOENT'
              ? 'redis-server is missing: apt-get install redis-server (bash scripts/test.sh installs it)'
              : `redis-server did not start: ${error.message}`,
          ),
        )
      })
    })
    for (const stream of [started.stdout, started.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        output += chunk.toString()
      })
    }
    const deadline = Date.now() + 10_000
    for (;;) {
      if (await Promise.race([answersPing(port), spawnFailed])) return
      if (started.exitCode !== null || Date.now() > deadline) {
        started.kill('SIGKILL')
        throw new Error(`redis-server did not answer on port ${port}:\n${output}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      const running = child
      child = null
      if (!running || running.exitCode !== null) return
      const exited = new Promise((resolve) => running.once('exit', resolve))
      running.kill('SIGKILL')
      await exited
    },
    start,
    running: () => child !== null && child.exitCode === null && child.signalCode === null,
  }
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.setTimeout(1000)
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (data) => {
      socket.destroy()
      resolve(data.toString().startsWith('+PONG'))
    })
    socket.once('error', () => resolve(false))
    socket.once('timeout', () => {
      socket.destroy()
      resolve(false)
    })
  })
}
