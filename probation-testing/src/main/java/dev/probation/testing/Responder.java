package dev.probation.testing;

/** Produces the answer of {@link FakeModelServer} to a request that is not given a fault. */
@FunctionalInterface
public interface Responder {

    Reply reply(RecordedRequest request);
}
