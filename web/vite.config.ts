/**
 * Builds the web app into web/dist, which `sluice serve` serves at /. The heavy editors
 * (bpmn-js modeler, dmn-js, form-js) are imported lazily by the pages that need them, so
 * each lands in its own chunk and the inbox loads without them.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    sourcemap: false,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
