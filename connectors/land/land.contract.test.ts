import { connectorContract } from '../testing/contract-suite.js';
import { startLandOutlet } from '../../src/simulator/land.outlet.js';

connectorContract('land', {
  async setup({ world }) {
    process.env.CONTRACT_LAND_TOKEN = 'contract-token';
    const outlet = await startLandOutlet(world, 'contract-token', {
      parcels: [{ parcelCode: '999999001002GB00123', divisionCode: '999999', areaM2: 1, updatedAt: '2026-11-01T00:00:00Z' }],
    });
    return {
      options: { baseUrl: outlet.url, tokenEnv: 'CONTRACT_LAND_TOKEN', pageSize: 7, eventLimit: 20 },
      unreachableOptions: { baseUrl: 'http://127.0.0.1:9', tokenEnv: 'CONTRACT_LAND_TOKEN', timeoutMs: 2000 },
      badRecordReason: 'PARCEL_CODE_DIVISION',
      stop: () => outlet.close(),
    };
  },
});
