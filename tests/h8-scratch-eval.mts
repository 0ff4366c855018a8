import { readFileSync } from 'node:fs'
import { chromium } from 'playwright-core'

const links: Array<{ role: string; table?: string; url: string }> = JSON.parse(
  readFileSync('/tmp/h8/pga-links.json', 'utf8'),
)
const [, , which, lang, expr] = process.argv
const [role, table] = which!.split(':')
const link = links.find((l) => l.role === role && (table ? l.table === table : true))!
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox'],
})
const context = await browser.newContext({ viewport: { width: 390, height: 844 } })
await context.addInitScript((l) => {
  localStorage.setItem('tablenotes.language', l)
  localStorage.setItem('tablenotes:name', 'Scratch')
}, lang!)
const page = await context.newPage()
page.on('console', (m) => console.log('console:', m.text()))
await page.goto(link.url)
await page.waitForTimeout(2500)
console.log(JSON.stringify(await page.evaluate(expr!), null, 1))
await browser.close()
