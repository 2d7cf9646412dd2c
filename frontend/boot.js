// Starts the web interface: a file of its own, so the Content-Security-Policy allows no inline script.
import init from '/journal_frontend.js';
init();
