/** Sets the browser tab's title: the page (or resource) name, then the product. */
export function setTitle(text) {
  document.title = text ? `${text} · Lightcloud` : 'Lightcloud'
}
