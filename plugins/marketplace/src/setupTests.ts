import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The first render of a lazily loaded page compiles its modules; on a busy
// 2-core CI machine that alone can pass the default 1 s of `findBy*`.
configure({ asyncUtilTimeout: 5000 });
