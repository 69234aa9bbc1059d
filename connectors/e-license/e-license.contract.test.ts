import { connectorContract } from '../testing/contract-suite.js';
import { startElicenseOutlet } from '../../src/simulator/elicense.outlet.js';

connectorContract('e-license', {
  async setup({ world }) {
    const bad = {
      licenseId: '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.V', typeCode: '11100000000013338W011', typeName: '营业执照',
      holderName: '测试', holderIdType: 'USCC', holderId: '91340100MA8NEH400Q', status: 'VALID', updatedAt: '2026-11-01T00:00:00Z',
    };
    const outlet = await startElicenseOutlet(world, { extraItems: [bad] });
    return {
      options: { baseUrl: outlet.url, limit: 9 },
      unreachableOptions: { baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 },
      badRecordReason: 'LICENSE_ID_CHECKSUM',
      stop: () => outlet.close(),
    };
  },
});
