// Fetches and starts DNS Lab's cryptography (src/bin/dns-lab-crypto.rs), a WebAssembly
// module of its own, the first time the app asks for it (src/ui/crypto.rs): only worlds with a
// signed zone need it. Its files carry content hashes in their names, which
// scripts/post-build.mjs writes into two <meta> elements of the page.

let loading = null;

function fileUrl(name) {
  const meta = document.querySelector(`meta[name="${name}"]`);
  if (!meta) throw new Error(`this page does not name its ${name} file`);
  return new URL(meta.content, document.baseURI).href;
}

async function start() {
  const glue = fileUrl('crypto-glue');
  const wasm = fileUrl('crypto-wasm');
  const module = await import(glue);
  await module.default({ module_or_path: wasm });
  return module;
}

export function loadCrypto() {
  if (!loading) {
    loading = start();
    // A failed download may be tried again (the next signing).
    loading.catch(() => { loading = null; });
  }
  return loading;
}
