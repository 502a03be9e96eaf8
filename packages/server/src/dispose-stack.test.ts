import { describe, expect, it } from 'vitest';
import { DisposeStack } from './dispose-stack.js';

describe('DisposeStack', () => {
  it('closes newest first, goes on past a failure, then throws the first failure', async () => {
    const closed: string[] = [];
    const stack = new DisposeStack();
    stack.defer(() => closed.push('store'));
    stack.defer(() => {
      throw new Error('redis would not close');
    });
    stack.defer(async () => closed.push('server'));
    await expect(stack.dispose()).rejects.toThrow('redis would not close');
    expect(closed).toEqual(['server', 'store']);
    await stack.dispose();
    expect(closed).toEqual(['server', 'store']);
  });
});
