'use strict';
// e2e tests drive a real n8n: allow 180 s per test (Jest 29 has no per-project testTimeout).
jest.setTimeout(180000);
