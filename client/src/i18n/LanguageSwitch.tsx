import { LANGUAGES, languageName, t } from './messages.js'

/** The interface's language, each offered in its own name and marked so it is read in it. */
export function LanguageSwitch({
  language,
  onChange,
}: {
  language: string
  onChange: (language: string) => void
}) {
  return (
    <label className="language-switch">
      <span>{t('languageLabel')}</span>
      <select value={language} onChange={(event) => onChange(event.target.value)}>
        {LANGUAGES.map((tag) => (
          <option key={tag} value={tag} lang={tag}>
            {languageName(tag)}
          </option>
        ))}
      </select>
    </label>
  )
}
