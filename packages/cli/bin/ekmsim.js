#!/usr/bin/env node
// The installed `ekmsim` command. It lives outside dist/ so that npm can link it before the
// workspace is built (npm ci links bins first, then runs the root prepare script that builds).
import '../dist/main.js';
