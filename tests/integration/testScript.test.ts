import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const SCRIPT = path.join(ROOT, 'scripts/test.sh')
/** The README's test command, which `.ci/run` runs too. */
const TEST_COMMAND = 'bash scripts/test.sh'

/** What each Debian package brings that scripts/test.sh looks for (PostgreSQL: its tools). */
const PROVIDES: Record<string, string[]> = {
  'g++': ['bin/g++'],
  make: ['bin/make'],
  python3: ['bin/python3'],
  chromium: ['bin/chromium'],
  postgresql: ['postgresql/17/bin/initdb', 'postgresql/17/bin/pg_ctl'],
  'redis-server': ['bin/redis-server'],
  'libreoffice-writer-nogui': ['bin/soffice'],
}
const EVERYTHING = Object.keys(PROVIDES)

/**
 * A fake machine: a folder whose `bin` is the script's whole PATH. Its `id`, `sudo`, `apt-get`
 * and `npx` are stubs that append their arguments to a log; the fake `apt-get install` puts
 * each package's files in place (but not those listed in FAKE_BROKEN), as the real one would.
 */
let machine: string

async function stub(name: string, body: string): Promise<void> {
  await writeFile(
    path.join(machine, 'bin', name),
    `#!/bin/bash\nprintf '%s\\n' "${name} $*" >> "$FAKE_LOG"\n${body}\n`,
    { mode: 0o755 },
  )
}

async function install(packages: readonly string[]): Promise<void> {
  for (const file of packages.flatMap((name) => PROVIDES[name]!)) {
    await mkdir(path.dirname(path.join(machine, file)), { recursive: true })
    await writeFile(path.join(machine, file), '#!/bin/bash\n', { mode: 0o755 })
  }
}

beforeEach(async () => {
  machine = await mkdtemp(path.join(tmpdir(), 'tablenotes-fake-machine-'))
  await mkdir(path.join(machine, 'bin'))
  await stub('id', '[[ $1 == -u ]] && printf "%s\\n" "$FAKE_UID"')
  await stub('sudo', '[[ $1 == -n ]] && shift\n[[ $1 == true ]] && exit "$FAKE_SUDO"\nexec "$@"')
  const cases = Object.entries(PROVIDES)
    .map(([name, files]) => {
      const make = files
        .map(
          (file) =>
            `mkdir -p "${path.dirname(`$FAKE_ROOT/${file}`)}"; printf '#!/bin/bash\\n' > "$FAKE_ROOT/${file}"; chmod +x "$FAKE_ROOT/${file}"`,
        )
        .join('; ')
      return `    ${name}) ${make} ;;`
    })
    .join('\n')
  await stub(
    'apt-get',
    [
      '[[ $1 == install ]] || exit 0',
      'export PATH=/usr/bin:/bin',
      'for package in "$@"; do',
      '  [[ " $FAKE_BROKEN " == *" $package "* ]] && continue',
      '  case $package in',
      cases,
      '  esac',
      'done',
    ].join('\n'),
  )
  // Only `pnpm check` fails when asked to: the tests, not the install.
  await stub(
    'npx',
    'for last in "$@"; do :; done\n[[ $last == check ]] && exit "$FAKE_CHECK"\nexit 0',
  )
})

afterEach(async () => {
  await rm(machine, { recursive: true, force: true })
})

/** Runs scripts/test.sh on the fake machine; its log is every stub called, in order. */
function runScript(options: {
  uid: number
  sudo?: boolean
  broken?: string[]
  checkFails?: boolean
}): Promise<{ code: number; stdout: string; stderr: string; calls: string[] }> {
  const log = path.join(machine, 'calls.log')
  return new Promise((resolve) => {
    execFile(
      '/bin/bash',
      [SCRIPT],
      {
        cwd: machine,
        env: {
          PATH: path.join(machine, 'bin'),
          FAKE_LOG: log,
          FAKE_ROOT: machine,
          FAKE_UID: String(options.uid),
          FAKE_SUDO: options.sudo ? '0' : '1',
          FAKE_BROKEN: (options.broken ?? []).join(' '),
          FAKE_CHECK: options.checkFails ? '1' : '0',
          TABLENOTES_POSTGRES_ROOT: path.join(machine, 'postgresql'),
        },
      },
      async (error, stdout, stderr) => {
        const calls = (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean)
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr, calls })
      },
    )
  })
}

const WORKSPACE = ['npx --yes pnpm@10 install --frozen-lockfile', 'npx --yes pnpm@10 check']

describe('scripts/test.sh, the README test command', () => {
  it('installs nothing on a machine that has everything, and goes straight to the tests', async () => {
    await install(EVERYTHING)
    const run = await runScript({ uid: 1000 })
    expect(run.code).toBe(0)
    expect(run.calls).toEqual(WORKSPACE)
  })

  it('as root, runs apt-get update once and installs only what is missing, then tests', async () => {
    await install(EVERYTHING.filter((name) => !['chromium', 'postgresql'].includes(name)))
    const run = await runScript({ uid: 0 })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Installing what the tests need: chromium postgresql')
    expect(run.calls).toEqual([
      'id -u',
      'apt-get update',
      'apt-get install -y --no-install-recommends chromium postgresql',
      ...WORKSPACE,
    ])
  })

  it('with passwordless sudo, installs through sudo', async () => {
    await install(['make', 'python3', 'chromium', 'postgresql'])
    const run = await runScript({ uid: 1000, sudo: true })
    expect(run.code).toBe(0)
    const missing = 'g++ redis-server libreoffice-writer-nogui'
    expect(run.calls).toEqual([
      'id -u',
      'sudo -n true',
      'sudo -n apt-get update',
      'apt-get update',
      `sudo -n apt-get install -y --no-install-recommends ${missing}`,
      `apt-get install -y --no-install-recommends ${missing}`,
      ...WORKSPACE,
    ])
  })

  it('without root or sudo, stops before any install or test with the one command to run', async () => {
    await install(EVERYTHING.filter((name) => !['chromium', 'redis-server'].includes(name)))
    const run = await runScript({ uid: 1000, sudo: false })
    expect(run.code).toBe(1)
    expect(run.calls).toEqual(['id -u', 'sudo -n true'])
    expect(run.stderr).toContain('not installed: chromium redis-server')
    expect(run.stderr).toContain(
      '\n  sudo sh -c "apt-get update && apt-get install -y --no-install-recommends chromium redis-server"\n',
    )
  })

  it('stops before the tests when a package is still missing after apt-get', async () => {
    await install(EVERYTHING.filter((name) => name !== 'libreoffice-writer-nogui'))
    const run = await runScript({ uid: 0, broken: ['libreoffice-writer-nogui'] })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('Still missing after apt-get install: libreoffice-writer-nogui')
    expect(run.calls.filter((call) => call.startsWith('npx'))).toEqual([])
  })

  it('fails when the tests fail', async () => {
    await install(EVERYTHING)
    const run = await runScript({ uid: 0, checkFails: true })
    expect(run.code).not.toBe(0)
    expect(run.calls).toEqual(WORKSPACE)
  })

  it('is the command the README shows and the one CI runs', async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8')
    const ci = await readFile(path.join(ROOT, '.ci/run'), 'utf8')
    expect(readme).toContain(`\n${TEST_COMMAND}\n`)
    const commands = ci.split('\n').filter((line) => line.trim() && !line.startsWith('#'))
    expect(commands.at(-1)).toBe(TEST_COMMAND)
    expect(ci).not.toContain('apt-get')
  })
})
