import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectorContract } from '../testing/contract-suite.js';
import { writeCreditDay } from '../../src/simulator/credit.outlet.js';
import { csvLine } from '../../src/simulator/csv.js';

connectorContract('credit', {
  async setup({ world, dir }) {
    const drop = join(dir, 'credit');
    const day = await writeCreditDay(world, drop, '20261101');
    appendFileSync(join(day, 'xzcf.csv'), csvLine(['测试公司', '91340100MA8NEH400X', '合市监罚〔2026〕1号', '罚款', '测试', '1', '2026-10-01', '合肥市市场监督管理局', '', '2027-10-01']));
    return {
      options: { dir: drop, batchSize: 4 },
      unreachableOptions: { dir: join(dir, 'nowhere') },
      badRecordReason: 'USCC_CHECKSUM',
      stop: async () => {},
    };
  },
});
