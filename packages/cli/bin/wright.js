#!/usr/bin/env node
// The `wright` command. A committed file rather than dist/bin.js, so package managers can link it before the first
// build (pnpm links workspace bins at install time, and `prepare` builds afterwards).
import '../dist/bin.js';
