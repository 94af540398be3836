package dev.strata.testkit.internal.qdrant;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;
import io.grpc.Status;
import java.util.Set;

/**
 * The emulator's promise that what it does not emulate fails loudly: a request (or a part of one)
 * that sets any field outside the list its handler honours is answered UNIMPLEMENTED naming the
 * field, instead of the field being ignored. Fields a newer client sends that this emulator's
 * protobuf classes do not even know (unknown fields) fail the same way.
 */
final class Supported {

  private Supported() {}

  /**
   * Throws UNIMPLEMENTED unless every field set in {@code message} is one of {@code honoured}
   * (protobuf field names, e.g. {@code "score_threshold"}).
   */
  static void only(MessageOrBuilder message, String where, Set<String> honoured) {
    if (!message.getUnknownFields().asMap().isEmpty()) {
      throw unimplemented(where + " carries fields numbered " + message.getUnknownFields().asMap().keySet()
          + ", which this emulator's Qdrant client version does not know");
    }
    for (FieldDescriptor f : message.getAllFields().keySet()) {
      if (!honoured.contains(f.getName())) {
        throw unimplemented(where + "." + f.getName() + " is not emulated");
      }
    }
  }

  static io.grpc.StatusRuntimeException unimplemented(String what) {
    return Status.UNIMPLEMENTED.withDescription("testkit Qdrant: " + what).asRuntimeException();
  }
}
