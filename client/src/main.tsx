import { createRoot } from 'react-dom/client'
import { App } from './App.js'
import { registerServiceWorker } from './offline/registerServiceWorker.js'
import './styles.css'

createRoot(document.getElementById('root')!).render(<App />)
registerServiceWorker()
