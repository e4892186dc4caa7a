'use strict';
/** @type {import('jest').Config} */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }];

module.exports = {
	// Reporters are a global (not per-project) option; the summary line covers whichever projects ran.
	reporters: ['default', '<rootDir>/test/summary-reporter.js'],
	projects: [
		{
			displayName: 'unit',
			rootDir: __dirname,
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/unit/**/*.test.{ts,js}'],
			transform: { '^.+\\.ts$': tsJest },
			modulePathIgnorePatterns: ['<rootDir>/dist/'],
		},
		{
			displayName: 'e2e',
			rootDir: __dirname,
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.{ts,js}'],
			// Queue-mode-only tests run in the e2e-queue project below.
			testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/queue/'],
			transform: { '^.+\\.ts$': tsJest },
			modulePathIgnorePatterns: ['<rootDir>/dist/'],
			globalSetup: '<rootDir>/test/e2e/globalSetup.js',
			globalTeardown: '<rootDir>/test/e2e/globalTeardown.js',
			// `testTimeout` is a global-only option in Jest 29 (ignored, with a warning, in a project):
			// the e2e timeout (180 s) is set by this setup file instead.
			setupFilesAfterEnv: ['<rootDir>/test/e2e/jest.setup.js'],
		},
		{
			// n8n in queue mode (main + worker + 2 webhook processes, Redis, Postgres): the VMEG
			// wait/resume and Trigger tests unchanged, plus the queue-mode cases.
			displayName: 'e2e-queue',
			rootDir: __dirname,
			testEnvironment: 'node',
			testMatch: [
				'<rootDir>/test/e2e/vmeg.e2e.test.ts',
				'<rootDir>/test/e2e/vmegJobs.e2e.test.ts',
				'<rootDir>/test/e2e/queue/**/*.e2e.test.{ts,js}',
			],
			transform: { '^.+\\.ts$': tsJest },
			modulePathIgnorePatterns: ['<rootDir>/dist/'],
			globalSetup: '<rootDir>/test/e2e/queue/globalSetup.js',
			globalTeardown: '<rootDir>/test/e2e/globalTeardown.js',
			setupFilesAfterEnv: ['<rootDir>/test/e2e/jest.setup.js'],
		},
	],
};
