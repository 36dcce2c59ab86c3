import { createI18n } from 'vue-i18n'
import en from './en.json'
import zhCN from './zh-CN.json'

export const LOCALES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
]
const STORAGE_KEY = 'lightcloud.locale'

/** The user's choice, else the browser's language: Chinese in any region gets zh-CN, everything else English. */
function initialLocale() {
  const chosen = localStorage.getItem(STORAGE_KEY)
  if (LOCALES.some((l) => l.code === chosen)) {
    return chosen
  }
  return (navigator.languages ?? [navigator.language]).find((l) => /^(en|zh)/i.test(l))?.toLowerCase()
    .startsWith('zh') ? 'zh-CN' : 'en'
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages: { en, 'zh-CN': zhCN },
})

export function setLocale(code) {
  i18n.global.locale.value = code
  localStorage.setItem(STORAGE_KEY, code)
  document.documentElement.lang = code
}
document.documentElement.lang = i18n.global.locale.value
