// Copies the built front-end libraries and their licence files into the Python package, so the
// dashboard serves them itself (nothing is loaded from a CDN) and `make run` needs no npm.
// Usage: cd web-assets && npm ci && npm run vendor
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, "..", "src", "admtrack", "web", "static", "vendor");
const files = {
  vega: ["build/vega.min.js", "LICENSE"],
  "vega-lite": ["build/vega-lite.min.js", "LICENSE"],
  "vega-embed": ["build/vega-embed.min.js", "LICENSE"],
  "swagger-ui-dist": ["swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE"],
};
const versions = {};
for (const [pkg, names] of Object.entries(files)) {
  const source = join(here, "node_modules", pkg);
  const dest = join(target, pkg);
  mkdirSync(dest, { recursive: true });
  for (const name of names) {
    const out = name.split("/").pop();
    copyFileSync(join(source, name), join(dest, out));
    if (out.endsWith(".js")) {
      // drop the source-map reference: the maps are not shipped
      const text = readFileSync(join(dest, out), "utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
      writeFileSync(join(dest, out), text);
    }
  }
  versions[pkg] = JSON.parse(readFileSync(join(source, "package.json"), "utf8")).version;
}
writeFileSync(join(target, "VERSIONS.json"), JSON.stringify(versions, null, 2) + "\n");
console.log(`copied ${Object.keys(files).length} packages into ${target}`);
