/* Files: download an export, name it after the assessment, read one the reader chose. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;

  function download(documentRef, text, filename, type) {
    const url = URL.createObjectURL(new Blob([text], { type: type }));
    const link = documentRef.createElement("a");
    link.href = url; link.download = filename; link.hidden = true;
    documentRef.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => { URL.revokeObjectURL(url); }, 1000);
  }

  function fileName(name, extension) {
    const slug = String(name).normalize("NFKC").replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "").slice(0, 60);
    return (slug || "assessment") + "." + extension;
  }

  /** Read an exported file: a promise of {assessment, problems} or {error}. */
  function readFile(model, file, fallbackName) {
    if (file.size > PH.MAX_IMPORT_BYTES) return Promise.resolve({ error: { key: "import_too_big", values: { max: "1 MB" } } });
    return file.text().then((text) => PH.parseAssessment(model, text, fallbackName),
      () => ({ error: { key: "import_not_json", values: {} } }));
  }

  Object.assign(PH, { download, fileName, readFile });
})();
