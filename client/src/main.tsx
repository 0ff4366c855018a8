import { createRoot } from 'react-dom/client'
import { App } from './App.js'
import { adoptTokenFromAddress } from './auth/links.js'
import { startServerClock } from './control/serverClock.js'
import { loadLanguage, preferredLanguage } from './i18n/messages.js'
import { registerServiceWorker } from './offline/registerServiceWorker.js'
import './styles.css'

adoptTokenFromAddress()
startServerClock()
await loadLanguage(preferredLanguage())
createRoot(document.getElementById('root')!).render(<App />)
registerServiceWorker()
