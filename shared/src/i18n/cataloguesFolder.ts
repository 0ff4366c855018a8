/** Where the catalogue files are, for Node; browsers find them through the bundler instead. */
export const CATALOGUES_FOLDER = new URL('./catalogues/', import.meta.url)
