// Starts the app. Trunk's own loader is an inline script, which the page's
// Content-Security-Policy forbids (no inline script at all), so this file
// loads the wasm-bindgen glue and the wasm instead (Trunk.toml:
// inject_scripts = false, filehash = false for stable names).
import init from './dns-lab-web.js';

await init({ module_or_path: './dns-lab-web_bg.wasm' });
