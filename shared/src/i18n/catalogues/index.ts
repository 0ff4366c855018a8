import type { Catalogue } from '../catalogue.js'
import en from './en.js'

export { en }

/**
 * Every catalogue, by the language tag its file is named after: the one list of languages, for
 * the page (whose bundler makes each import below a chunk of its own, so a page downloads
 * English and its own language only, and the service worker keeps them offline) and for the
 * server's exports. English is the reference and the fallback, so it is here at once. Another
 * language is another file in this folder and a line here.
 */
export const CATALOGUE_LOADERS: Readonly<Record<string, () => Promise<Catalogue>>> = {
  ar: async () => (await import('./ar.js')).default,
  en: async () => en,
  es: async () => (await import('./es.js')).default,
  fr: async () => (await import('./fr.js')).default,
}
