"""Low-level helpers numba does not expose: a cache prefetch hint."""

from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic


def _emit_prefetch(context, builder, arr_t, array, index):
    arr = context.make_array(arr_t)(context, builder, array)
    ptr = cgutils.get_item_pointer(context, builder, arr_t, arr, index, wraparound=False)
    i8p = ir.IntType(8).as_pointer()
    i32 = ir.IntType(32)
    fnty = ir.FunctionType(ir.VoidType(), [i8p, i32, i32, i32])
    fn = cgutils.get_or_insert_function(builder.module, fnty, "llvm.prefetch.p0")
    # read, high temporal locality, data cache
    builder.call(
        fn,
        [builder.bitcast(ptr, i8p), ir.Constant(i32, 0), ir.Constant(i32, 3), ir.Constant(i32, 1)],
    )


@intrinsic
def prefetch(typingctx, array, row, col):
    """Hint the CPU to load ``array[row, col]``'s cache line (no effect on results).

    Lowers to ``llvm.prefetch`` (read, high locality, data cache).
    """
    if not (isinstance(array, types.Array) and array.ndim == 2):
        return None
    sig = types.void(array, row, col)

    def codegen(context, builder, signature, args):
        _emit_prefetch(context, builder, signature.args[0], args[0], [args[1], args[2]])
        return context.get_dummy_value()

    return sig, codegen


@intrinsic
def prefetch1(typingctx, array, i):
    """Hint the CPU to load ``array[i]``'s cache line, for a 1-D array."""
    if not (isinstance(array, types.Array) and array.ndim == 1):
        return None
    sig = types.void(array, i)

    def codegen(context, builder, signature, args):
        _emit_prefetch(context, builder, signature.args[0], args[0], [args[1]])
        return context.get_dummy_value()

    return sig, codegen
