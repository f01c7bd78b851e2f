/**
 * The page's search: a box filtering the rows of the evidence and affected tables (`table.searchable`) by
 * the text typed, opening the collapsed parts that hold a match. A small inline script, the page's only
 * one: the box is `hidden` in the markup and the script shows it, so without scripts (a printout, a mail
 * client) the page reads the same, every row there, and no dead control.
 */
export const SEARCH_ID = "report-search"

export const searchBox = (): string =>
  `<p id="${SEARCH_ID}" class="search" hidden><label>Search the evidence and the affected participants ` +
  `<input type="search" placeholder="participant, service, cause…"></label> <span class="search-count" aria-live="polite"></span></p>`

// No "<" in it (the page's reader and the HTML parser both end a script at the first "</"), no URL.
export const searchScript = `(() => {
  const box = document.getElementById("${SEARCH_ID}")
  if (box === null) return
  box.hidden = false
  const input = box.querySelector("input")
  const count = box.querySelector(".search-count")
  const rows = Array.from(document.querySelectorAll("table.searchable tbody tr"))
  input.addEventListener("input", () => {
    const q = input.value.trim().toLowerCase()
    let shown = 0
    for (const row of rows) {
      const match = q === "" || row.textContent.toLowerCase().includes(q)
      row.hidden = !match
      if (match) shown++
      if (match && q !== "") for (let d = row.closest("details"); d !== null; d = d.parentElement.closest("details")) d.open = true
    }
    count.textContent = q === "" ? "" : shown + " of " + rows.length + " rows"
  })
})()`
