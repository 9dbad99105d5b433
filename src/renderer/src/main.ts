import { mount } from 'svelte';
import App from './App.svelte';
import { createClient } from './api/client.ts';
import { createStores, STORES_KEY } from './app.ts';
import './ui/theme.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app missing from index.html');
// Stores go into the context of the whole tree (STYLE §7): components take them with useStores().
mount(App, { target, context: new Map([[STORES_KEY, createStores(createClient())]]) });
