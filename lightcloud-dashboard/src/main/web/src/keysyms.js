// X11 keysyms for typing text into a VNC guest: printable ASCII is its own keysym; the US layout's shifted
// characters are sent with Shift held, since QEMU maps a keysym to the key that produces it unshifted.
const SHIFTED = new Set('~!@#$%^&*()_+{}|:"<>?ABCDEFGHIJKLMNOPQRSTUVWXYZ')
const SPECIAL = { '\n': 0xff0d, '\t': 0xff09 }

/** `[keysym, shifted]` for each character of `text` that a keyboard can type; others are skipped. */
export function keysymsOf(text) {
  const keys = []
  for (const ch of text.replace(/\r\n?/g, '\n')) {
    if (ch in SPECIAL) {
      keys.push([SPECIAL[ch], false])
    } else if (ch >= ' ' && ch <= '~') {
      keys.push([ch.charCodeAt(0), SHIFTED.has(ch)])
    }
  }
  return keys
}
