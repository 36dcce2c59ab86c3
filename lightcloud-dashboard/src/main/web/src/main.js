import { createApp } from 'vue'
import 'element-plus/theme-chalk/base.css'
import 'element-plus/theme-chalk/el-message.css'
import 'element-plus/theme-chalk/el-message-box.css'
import App from './App.vue'
import { i18n } from './i18n/index.js'
import { router } from './router.js'

createApp(App).use(i18n).use(router).mount('#app')
