import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import en from './en'
import riskPagesZh from './riskPages.zh-CN'
import riskPagesEn from './riskPages.en'
import dutyPagesZh from './dutyPages.zh-CN'
import dutyPagesEn from './dutyPages.en'
import inspectionPagesZh from './inspectionPages.zh-CN'
import inspectionPagesEn from './inspectionPages.en'
import hazardPagesZh from './hazardPages.zh-CN'
import hazardPagesEn from './hazardPages.en'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const LOCALE_STORAGE_KEY = 'lakeguard.locale'

export type MessageSchema = typeof zhCN & typeof riskPagesZh & typeof dutyPagesZh & typeof inspectionPagesZh & typeof hazardPagesZh

export function storedLocale(): Locale {
  try {
    const v = localStorage.getItem(LOCALE_STORAGE_KEY)
    if (v && (LOCALES as readonly string[]).includes(v)) return v as Locale
  } catch {
    /* storage unavailable (private mode): fall back to the default */
  }
  return 'zh-CN'
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  messages: {
    'zh-CN': { ...zhCN, ...riskPagesZh, ...dutyPagesZh, ...inspectionPagesZh, ...hazardPagesZh },
    en: { ...en, ...riskPagesEn, ...dutyPagesEn, ...inspectionPagesEn, ...hazardPagesEn },
  },
  missingWarn: false,
  fallbackWarn: false,
})

export function currentLocale(): Locale {
  return i18n.global.locale.value
}

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    /* ignore */
  }
  document.documentElement.lang = locale
}
