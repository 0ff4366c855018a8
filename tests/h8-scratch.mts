import { readFileSync } from 'node:fs'
import { chromium } from 'playwright-core'

const links: Array<{ role: string; table?: string; url: string }> = JSON.parse(
  readFileSync('/tmp/h8/pga-links.json', 'utf8'),
)
const [
  ,
  ,
  which = 'editor:mena',
  lang = 'en',
  width = '390',
  out = '/tmp/h8/shot.png',
  action = '',
] = process.argv
const [role, table] = which.split(':')
const link = links.find((l) => l.role === role && (table ? l.table === table : true))!
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox'],
})
const context = await browser.newContext({ viewport: { width: Number(width), height: 844 } })
await context.addInitScript((l) => {
  localStorage.setItem('tablenotes.language', l)
  localStorage.setItem('tablenotes:name', 'Scratch')
}, lang)
const page = await context.newPage()
await page.goto(link.url)
await page.waitForTimeout(2500)
if (action) await page.evaluate(action)
await page.waitForTimeout(500)
const widths = await page.evaluate(() => ({
  scroll: document.documentElement.scrollWidth,
  client: document.documentElement.clientWidth,
  wide: [...document.querySelectorAll('body *')]
    .filter(
      (e) =>
        e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 ||
        e.getBoundingClientRect().left < -1,
    )
    .slice(0, 8)
    .map(
      (e) =>
        `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().left)}..${Math.round(e.getBoundingClientRect().right)}`,
    ),
}))
console.log(JSON.stringify(widths))
await page.screenshot({ path: out, fullPage: process.env.FULL === '1' })
await browser.close()
