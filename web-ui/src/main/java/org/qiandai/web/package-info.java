/**
 * Web UI: pages, REST controllers and security; the only module that may depend on every other.
 */
@org.springframework.modulith.ApplicationModule(displayName = "web-ui")
package org.qiandai.web;
