#!/usr/bin/env node
// `pnpm tablenotes …` runs this bin rather than a package script, because pnpm prints a
// "> script" banner on stdout before scripts, which would corrupt `links --json` for a pipe.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli/main.ts')
