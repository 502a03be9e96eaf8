import { createRoot } from 'react-dom/client';
import { MyApiKeysApp } from './App.js';

const baseUrl =
  (import.meta.env.VITE_LATCHKEY_URL as string | undefined) ??
  new URLSearchParams(location.search).get('latchkey') ??
  'http://127.0.0.1:8080';
createRoot(document.getElementById('root')!).render(<MyApiKeysApp baseUrl={baseUrl} appId="demo" />);
