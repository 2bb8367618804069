package io.conserver.platform.events;

/** An object was created in a tenant's bucket: the one event every stage reacts to. */
public record ObjectCreated(String tenant, String bucket, String key, long size, String version) {}
