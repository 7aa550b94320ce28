// Cover images come from the Open Library covers API.
async function coverUrlFor(isbn) {
  if (!isbn) return null;
  const res = await fetch(`https://openlibrary.org/api/books?bibkeys=ISBN:${isbn}&format=json&jscmd=data`);
  if (!res.ok) return null;
  const data = await res.json();
  const entry = data[`ISBN:${isbn}`];
  return entry && entry.cover ? entry.cover.medium : null;
}

module.exports = { coverUrlFor };
