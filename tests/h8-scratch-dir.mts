import { chromium } from 'playwright-core'

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox'],
})
const page = await browser.newPage({ viewport: { width: 400, height: 300 } })
await page.setContent(`<html dir="ltr"><body style="font:16px sans-serif">
<ul id="a"><li dir="auto"><p dir="auto">مرحبا بالعالم</p></li></ul>
<ul id="b" dir="rtl"><li dir="auto"><p dir="auto">مرحبا بالعالم</p></li></ul>
<ul id="c" dir="rtl"><li dir="rtl"><p dir="auto">مرحبا بالعالم</p></li></ul>
<ul id="d" dir="auto"><li dir="auto"><p dir="auto">مرحبا بالعالم</p></li></ul>
</body></html>`)
console.log(
  await page.evaluate(() =>
    ['a', 'b', 'c', 'd'].map((id) => {
      const ul = document.getElementById(id)!
      const li = ul.querySelector('li')!
      return [
        id,
        getComputedStyle(ul).direction,
        getComputedStyle(li).direction,
        li.matches(':dir(rtl)'),
      ]
    }),
  ),
)
await page.screenshot({ path: '/tmp/h8/dir.png' })
await browser.close()
