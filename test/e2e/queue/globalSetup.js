'use strict';
/** jest globalSetup for the e2e-queue project: the e2e set-up, with n8n in queue mode (cluster.js). */
const { setupE2e } = require('../globalSetup');
const { startQueueCluster } = require('./cluster');

module.exports = () => setupE2e(startQueueCluster);
