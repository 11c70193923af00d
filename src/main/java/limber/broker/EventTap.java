package limber.broker;

import java.util.function.BiConsumer;

import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;

import limber.protocol.Topics;

/**
 * Device events taken straight from the embedded broker, in process. As a subscriber, the engine
 * would get them through Moquette's fixed window of 10 unacknowledged QoS 1 messages per session,
 * one journal commit per window; here the broker acknowledges the device at once and the engine
 * sees every accepted publish (after the login, topic and rate checks) on Moquette's single
 * interceptor thread, in order. The application ack still comes only after the journal commit: a
 * device keeps each event until then and resends it if none comes.
 */
final class EventTap extends AbstractInterceptHandler {
    private volatile BiConsumer<String, byte[]> sink;

    @Override
    public String getID() {
        return "limber-events";
    }

    @Override
    public Class<?>[] getInterceptedMessageTypes() {
        return new Class<?>[] {InterceptPublishMessage.class};
    }

    @Override
    public void onSessionLoopError(Throwable error) {
        // Moquette logs these itself
    }

    void sink(BiConsumer<String, byte[]> sink) {
        this.sink = sink;
    }

    @Override
    public void onPublish(InterceptPublishMessage msg) {
        ByteBuf payload = msg.getPayload();
        try {
            BiConsumer<String, byte[]> s = sink;
            String topic = msg.getTopicName();
            if (s == null || !isDeviceEvent(topic)) {
                return;
            }
            byte[] bytes = new byte[payload.readableBytes()];
            payload.getBytes(payload.readerIndex(), bytes);
            s.accept(topic, bytes);
        } finally {
            ReferenceCountUtil.release(payload); // each interceptor gets its own retained duplicate
        }
    }

    static boolean isDeviceEvent(String topic) {
        return topic.startsWith(Topics.ROOT + "devices/") && topic.endsWith("/events")
                && topic.indexOf('/', (Topics.ROOT + "devices/").length()) == topic.length() - "/events".length();
    }
}
