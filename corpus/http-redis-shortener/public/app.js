document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const url = new FormData(e.target).get('url');
  const res = await fetch('/api/shorten', { method: 'POST', body: JSON.stringify({ url }) });
  alert((await res.json()).short);
});
