import { getContext, setContext } from 'svelte'
import { en } from './en'
import { ja, type MessageKey } from './ja'

export type { MessageKey }

export const LANGS = ['ja', 'en'] as const
export type Lang = (typeof LANGS)[number]
export const DEFAULT_LANG: Lang = 'ja'
/** The cookie that remembers the chosen language (read on the server, so SSR is in it too). */
export const LANG_COOKIE = 'lang'
/** Shown until the channel's own time zone is known (Japan is the home market). */
export const DEFAULT_TIME_ZONE = 'Asia/Tokyo'

const dictionaries: Record<Lang, Record<MessageKey, string>> = { ja, en }
const locales: Record<Lang, string> = { ja: 'ja-JP', en: 'en-US' }

export function parseLang(value: string | null | undefined): Lang {
  return (LANGS as readonly string[]).includes(value ?? '') ? (value as Lang) : DEFAULT_LANG
}

export type Params = Record<string, string | number>

/** For keys built from API values (`origin.${origin}`): known ones translate, others show raw. */
export function isMessageKey(key: string): key is MessageKey {
  return key in ja
}

/** Fills `{param}` placeholders; unknown ones (like the greeting's literal `{name}`) stay. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = dictionaries[lang][key] ?? ja[key]
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
}

export interface I18n {
  readonly lang: Lang
  readonly locale: string
  readonly timeZone: string
  t(key: MessageKey, params?: Params): string
  /** Date and time in the channel's time zone, e.g. 2026/11/24 9:05. */
  dateTime(iso: string | null | undefined): string
  date(iso: string | null | undefined): string
  time(iso: string | null | undefined): string
  number(n: number): string
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(locale: string, timeZone: string, kind: 'dateTime' | 'date' | 'time') {
  const key = `${locale}|${timeZone}|${kind}`
  let f = formatters.get(key)
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'dateTime'
        ? { dateStyle: 'medium', timeStyle: 'short' }
        : kind === 'date'
          ? { dateStyle: 'medium' }
          : { hour: '2-digit', minute: '2-digit' }
    try {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone })
    } catch {
      // An unknown zone name from the API must not break the page.
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone: DEFAULT_TIME_ZONE })
    }
    formatters.set(key, f)
  }
  return f
}

/**
 * A translator bound to reactive getters, so switching the language (or learning the channel's
 * time zone) re-renders every text without reloading the page.
 */
export function createI18n(getLang: () => Lang, getTimeZone: () => string | undefined): I18n {
  const fmt = (iso: string | null | undefined, kind: 'dateTime' | 'date' | 'time') => {
    if (!iso) return ja['common.none']
    const d = new Date(iso)
    if (Number.isNaN(d.getTime())) return ja['common.none']
    return formatter(locales[getLang()], getTimeZone() ?? DEFAULT_TIME_ZONE, kind).format(d)
  }
  return {
    get lang() {
      return getLang()
    },
    get locale() {
      return locales[getLang()]
    },
    get timeZone() {
      return getTimeZone() ?? DEFAULT_TIME_ZONE
    },
    t: (key, params) => translate(getLang(), key, params),
    dateTime: (iso) => fmt(iso, 'dateTime'),
    date: (iso) => fmt(iso, 'date'),
    time: (iso) => fmt(iso, 'time'),
    number: (n) => new Intl.NumberFormat(locales[getLang()]).format(n),
  }
}

const KEY = Symbol('i18n')

export function setI18n(i18n: I18n): I18n {
  return setContext(KEY, i18n)
}

/** The translator of the current page; call during component initialisation. */
export function useI18n(): I18n {
  const i18n = getContext<I18n | undefined>(KEY)
  if (!i18n) throw new Error('useI18n() needs the root layout’s i18n context')
  return i18n
}
