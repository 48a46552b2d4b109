import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router'
import { i18n } from './i18n'
import { onSessionExpired } from './api'
import { onLiveClosed } from './api/live'
import { useSession } from './stores/session'
import './styles/main.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
app.use(router)

document.documentElement.lang = i18n.global.locale.value

// Any 401 outside the login form: the session is gone. Clear it and say so on the login page.
onSessionExpired(() => {
  const session = useSession(pinia)
  session.clear()
  const current = router.currentRoute.value
  if (current.name === 'login') return
  void router.replace({ name: 'login', query: { expired: '1', redirect: current.fullPath } })
})

// The server closed a live connection because the session ended (logout elsewhere, account
// disabled, token revoked, role or scope changed, expiry): no reconnecting; sign in again.
onLiveClosed((reason) => {
  const session = useSession(pinia)
  session.clear()
  const current = router.currentRoute.value
  if (current.name === 'login') return
  void router.replace({ name: 'login', query: { ended: reason, redirect: current.fullPath } })
})

app.mount('#app')
