import { createRoot } from 'react-dom/client';
import { MyApiKeysApp } from './App.js';
import { appId, baseUrl } from './config.js';
import './styles.css';

createRoot(document.getElementById('root')!).render(<MyApiKeysApp baseUrl={baseUrl} appId={appId} />);
