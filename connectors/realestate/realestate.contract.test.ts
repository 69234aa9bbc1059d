import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectorContract } from '../testing/contract-suite.js';
import { writeRealestateDrop } from '../../src/simulator/realestate.outlet.js';

connectorContract('realestate', {
  async setup({ world, dir }) {
    const drop = join(dir, 'realestate');
    await writeRealestateDrop(world, drop, '20261101', 15);
    writeFileSync(
      join(drop, 'DJ_20261101_9999.xml'),
      `<?xml version="1.0" encoding="UTF-8"?>\n<DJBatch xmlns="urn:bdcdj:exchange:1.0" batchNo="20261101-9999" generatedAt="2026-11-01T02:00:00+08:00">\n` +
        `  <Registration ywh="2026110199999"><BDCDYH>BAD</BDCDYH><DJLX>首次登记</DJLX><DJSJ>2026-10-31T10:12:00+08:00</DJSJ></Registration>\n</DJBatch>\n`,
    );
    return {
      options: { dir: drop, batchSize: 5 },
      unreachableOptions: { dir: join(dir, 'nowhere') },
      badRecordReason: 'UNIT_CODE_LENGTH',
      stop: async () => {},
    };
  },
});
