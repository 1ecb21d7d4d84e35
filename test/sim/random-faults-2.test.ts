import { describeShard } from './random-faults-shard';

describeShard(2);
