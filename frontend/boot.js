// Starts the web interface: a file of its own, so the Content-Security-Policy allows no inline script.
// build.sh rewrites the glue's name to its content-hashed one.
import init from '/journal_frontend.js';
init();
