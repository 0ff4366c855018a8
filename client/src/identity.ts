/** A palette readable on white (WCAG AA for text); a name is always shown with its colour. */
export const PALETTE = [
  '#b91c1c',
  '#1d4ed8',
  '#047857',
  '#7e22ce',
  '#b45309',
  '#0f766e',
  '#be185d',
  '#4338ca',
]

const NAME_KEY = 'tablenotes:name'
const COLOUR_KEY = 'tablenotes:colour'

export interface Identity {
  name: string
  colour: string
}

/** The person's name and colour as remembered on this device, or null the first time. */
export function readIdentity(): Identity | null {
  const name = localStorage.getItem(NAME_KEY)
  if (!name) return null
  return { name, colour: localStorage.getItem(COLOUR_KEY) ?? colourFor(name) }
}

export function saveIdentity(name: string): Identity {
  const identity = { name: name.trim(), colour: colourFor(name.trim()) }
  localStorage.setItem(NAME_KEY, identity.name)
  localStorage.setItem(COLOUR_KEY, identity.colour)
  return identity
}

function colourFor(name: string): string {
  let hash = 0
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)!) >>> 0
  return PALETTE[hash % PALETTE.length]!
}
