import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Absolute paths: the server builds with this file from its own working directory.
const webRoot = fileURLToPath(new URL('./web', import.meta.url));
const outDir = fileURLToPath(new URL('./web/dist', import.meta.url));
const apiServer = process.env.PRACTICUM_API ?? 'http://localhost:3000';

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
  },
  // Monaco's workers are ES modules with their own imports; module workers keep them whole.
  worker: { format: 'es' },
  server: {
    // The API accepts writes only from its own origins: run it with
    // PUBLIC_ORIGINS=http://localhost:5173 when working through this dev server.
    proxy: {
      '/api': { target: apiServer },
      '/ims/case': { target: apiServer },
      '/socket.io': { target: apiServer, ws: true },
    },
  },
});
