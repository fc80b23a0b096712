// Renders one page of a PDF with pdf.js (pdfjs-dist, the engine of Firefox and many web
// viewers), its annotations' appearance streams included, and prints the page's annotations
// as JSON. Usage: node tools/pdfjs_render.mjs IN.pdf PAGE SCALE OUT.png
// Set up by tools/pdfjs-setup.sh (NODE_PATH points at its node_modules).
import fs from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(process.env.PDFJS_MODULES + "/");
const pdfjs = await import(require.resolve("pdfjs-dist/legacy/build/pdf.mjs"));
const { createCanvas } = require("@napi-rs/canvas");

const [input, pageText, scaleText, output] = process.argv.slice(2);
const data = new Uint8Array(fs.readFileSync(input));
const doc = await pdfjs.getDocument({ data, disableFontFace: true, verbosity: 0 }).promise;
const page = await doc.getPage(Number(pageText));
const viewport = page.getViewport({ scale: Number(scaleText) });
const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
const context = canvas.getContext("2d");
context.fillStyle = "white";
context.fillRect(0, 0, canvas.width, canvas.height);
await page.render({ canvasContext: context, viewport,
                    annotationMode: pdfjs.AnnotationMode.ENABLE }).promise;
fs.writeFileSync(output, canvas.toBuffer("image/png"));
const annotations = await page.getAnnotations();
console.log(JSON.stringify(annotations.map((a) => ({
  subtype: a.subtype, id: a.id, rect: a.rect, contents: a.contentsObj?.str ?? "",
  hasAppearance: a.hasAppearance, inReplyTo: a.inReplyTo ?? null,
}))));
