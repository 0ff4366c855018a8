import qrcode from 'qrcode-generator'
import { useMemo } from 'react'

/** A QR code as SVG: one path of dark modules, a white quiet zone, crisp at any size. */
export function QrCode({ text, size, label }: { text: string; size: number; label: string }) {
  const { count, path } = useMemo(() => {
    const code = qrcode(0, 'M')
    code.addData(text)
    code.make()
    const modules = code.getModuleCount()
    let dark = ''
    for (let row = 0; row < modules; row++) {
      for (let column = 0; column < modules; column++) {
        if (code.isDark(row, column)) dark += `M${column} ${row}h1v1h-1z`
      }
    }
    return { count: modules, path: dark }
  }, [text])
  const quiet = 4
  return (
    <svg
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`${-quiet} ${-quiet} ${count + 2 * quiet} ${count + 2 * quiet}`}
      shapeRendering="crispEdges"
    >
      <rect
        x={-quiet}
        y={-quiet}
        width={count + 2 * quiet}
        height={count + 2 * quiet}
        fill="#fff"
      />
      <path d={path} fill="#000" />
    </svg>
  )
}
