<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar_EG">
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../desktop/sync_ui/conflict_dialog.py" line="66"/>
        <source>Changed on the server too</source>
        <translation>تم التغيير على الخادم أيضًا</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/conflict_dialog.py" line="69"/>
        <source>Someone else changed %1 on the server (now version %2) after you started your change. Nothing was overwritten. Choose which version to keep.</source>
        <translation>قام شخص آخر بتغيير %1 على الخادم (الإصدار الحالي %2) بعد أن بدأت تعديلك. لم يُستبدل أي شيء. اختر الإصدار الذي تريد الاحتفاظ به.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/conflict_dialog.py" line="74"/>
        <source>Field</source>
        <translation>الحقل</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/conflict_dialog.py" line="74"/>
        <source>Your version</source>
        <translation>إصدارك</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/conflict_dialog.py" line="74"/>
        <source>Server version</source>
        <translation>إصدار الخادم</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/conflict_dialog.py" line="75"/>
        <source>Keep &amp;mine</source>
        <translation>الاحتفاظ بإصداري</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/conflict_dialog.py" line="76"/>
        <source>Keep the &amp;server&apos;s</source>
        <translation>الاحتفاظ بإصدار الخادم</translation>
    </message>
</context>
<context>
    <name>InspectorDock</name>
    <message numerus="yes">
        <location filename="../../desktop/inspector.py" line="49"/>
        <location filename="../../desktop/inspector.py" line="60"/>
        <source>Warnings (%n)</source>
        <translation>
            <numerusform>التحذيرات (%n)</numerusform>
            <numerusform>التحذيرات (%n)</numerusform>
            <numerusform>التحذيرات (%n)</numerusform>
            <numerusform>التحذيرات (%n)</numerusform>
            <numerusform>التحذيرات (%n)</numerusform>
            <numerusform>التحذيرات (%n)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/inspector.py" line="52"/>
        <source>Inspector</source>
        <translation>المراجِع</translation>
    </message>
    <message>
        <location filename="../../desktop/inspector.py" line="54"/>
        <source>File</source>
        <translation>الملف</translation>
    </message>
    <message>
        <location filename="../../desktop/inspector.py" line="54"/>
        <source>Sheet number</source>
        <translation>رقم اللوحة</translation>
    </message>
    <message>
        <location filename="../../desktop/inspector.py" line="54"/>
        <source>Title</source>
        <translation>العنوان</translation>
    </message>
    <message>
        <location filename="../../desktop/inspector.py" line="55"/>
        <source>Page label</source>
        <translation>تسمية الصفحة</translation>
    </message>
    <message>
        <location filename="../../desktop/inspector.py" line="55"/>
        <source>Size</source>
        <translation>المقاس</translation>
    </message>
    <message>
        <location filename="../../desktop/inspector.py" line="55"/>
        <source>Units</source>
        <translation>الوحدات</translation>
    </message>
    <message>
        <location filename="../../desktop/inspector.py" line="56"/>
        <source>Vector paths</source>
        <translation>المسارات المتجهية</translation>
    </message>
</context>
<context>
    <name>LayersDock</name>
    <message>
        <location filename="../../desktop/layers_dock.py" line="127"/>
        <source>Layers</source>
        <translation>الطبقات</translation>
    </message>
    <message>
        <location filename="../../desktop/layers_dock.py" line="128"/>
        <source>Layer</source>
        <translation>الطبقة</translation>
    </message>
    <message>
        <location filename="../../desktop/layers_dock.py" line="129"/>
        <source>Entities</source>
        <translation>العناصر</translation>
    </message>
    <message>
        <location filename="../../desktop/layers_dock.py" line="130"/>
        <source>All On</source>
        <translation>إظهار الكل</translation>
    </message>
    <message>
        <location filename="../../desktop/layers_dock.py" line="131"/>
        <source>Isolate</source>
        <translation>عزل</translation>
    </message>
    <message>
        <location filename="../../desktop/layers_dock.py" line="132"/>
        <source>Show only the selected layers</source>
        <translation>إظهار الطبقات المحددة فقط</translation>
    </message>
    <message>
        <location filename="../../desktop/layers_dock.py" line="133"/>
        <source>Show lineweights</source>
        <translation>إظهار سماكات الخطوط</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../desktop/sync_ui/login_dialog.py" line="45"/>
        <source>Enter the server address and your user name.</source>
        <translation>أدخل عنوان الخادم واسم المستخدم.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/login_dialog.py" line="47"/>
        <source>Logging in…</source>
        <translation>جارٍ تسجيل الدخول…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/login_dialog.py" line="67"/>
        <source>Log in to the permit server</source>
        <translation>تسجيل الدخول إلى خادم التراخيص</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/login_dialog.py" line="68"/>
        <source>Server:</source>
        <translation>الخادم:</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/login_dialog.py" line="68"/>
        <source>User name:</source>
        <translation>اسم المستخدم:</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/login_dialog.py" line="68"/>
        <source>Password:</source>
        <translation>كلمة المرور:</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/login_dialog.py" line="71"/>
        <source>Remember me on this computer</source>
        <translation>تذكرني على هذا الحاسوب</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/main_window.py" line="197"/>
        <source>&amp;Open…</source>
        <translation>&amp;فتح…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="197"/>
        <source>&amp;Close</source>
        <translation>إ&amp;غلاق</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="197"/>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="198"/>
        <source>Zoom &amp;In</source>
        <translation>ت&amp;كبير</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="198"/>
        <source>Zoom &amp;Out</source>
        <translation>ت&amp;صغير</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="199"/>
        <source>Fit &amp;Page</source>
        <translation>ملاءمة ال&amp;لوحة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="199"/>
        <source>Fit &amp;Width</source>
        <translation>ملاءمة ال&amp;عرض</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="200"/>
        <source>Actual Size (1:1)</source>
        <translation>المقاس الفعلي (1:1)</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="201"/>
        <source>Zoom to &amp;Rectangle</source>
        <translation>تكبير إلى م&amp;ستطيل</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="201"/>
        <source>Rotate View</source>
        <translation>تدوير العرض</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="202"/>
        <source>Previous Sheet</source>
        <translation>اللوحة السابقة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="202"/>
        <source>Next Sheet</source>
        <translation>اللوحة التالية</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="203"/>
        <source>&amp;Go to Sheet…</source>
        <translation>الا&amp;نتقال إلى لوحة…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="203"/>
        <source>&amp;Split View</source>
        <translation>&amp;تقسيم العرض</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="204"/>
        <source>S&amp;ynchronise Views</source>
        <translation>م&amp;زامنة العرضين</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="205"/>
        <source>&amp;Detach View to New Window</source>
        <translation>&amp;فصل العرض إلى نافذة جديدة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="206"/>
        <source>Cancel Rendering</source>
        <translation>إلغاء الرسم</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="207"/>
        <source>Calibrate Screen for 1:1…</source>
        <translation>معايرة الشاشة للمقاس 1:1…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="208"/>
        <source>&amp;About Plan Review</source>
        <translation>&amp;حول مراجعة المخططات</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="212"/>
        <source>&amp;File</source>
        <translation>&amp;ملف</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="213"/>
        <source>Open &amp;Recent</source>
        <translation>الملفات ال&amp;أخيرة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="214"/>
        <source>&amp;View</source>
        <translation>&amp;عرض</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="215"/>
        <source>&amp;Settings</source>
        <translation>الإ&amp;عدادات</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="216"/>
        <source>&amp;Language</source>
        <translation>ال&amp;لغة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="217"/>
        <source>&amp;Help</source>
        <translation>م&amp;ساعدة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="218"/>
        <source>Main Toolbar</source>
        <translation>شريط الأدوات الرئيسي</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="219"/>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="220"/>
        <source>Open a PDF, DXF or DWG drawing (Ctrl+O), or drop it here.</source>
        <translation>افتح مخططاً بصيغة PDF أو DXF أو DWG ‏(Ctrl+O)، أو أفلته هنا.</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="268"/>
        <source>Plan Review — second view</source>
        <translation>مراجعة المخططات — العرض الثاني</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="277"/>
        <source>Open Drawing</source>
        <translation>فتح مخطط</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="278"/>
        <source>Drawings (%1)</source>
        <translation>المخططات (%1)</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="294"/>
        <source>Opening %1…</source>
        <translation>جارٍ فتح %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="331"/>
        <source>%1 opened with warnings: see the Inspector</source>
        <translation>فُتح %1 مع تحذيرات: راجع لوحة المراجِع</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="338"/>
        <source>Opening %1 cancelled</source>
        <translation>أُلغي فتح %1</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="342"/>
        <source>The password was not accepted. Password for %1:</source>
        <translation>لم تُقبل كلمة المرور. كلمة المرور للملف %1:</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="343"/>
        <source>%1 is encrypted. Password:</source>
        <translation>الملف %1 مشفّر. كلمة المرور:</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="344"/>
        <source>Password Required</source>
        <translation>كلمة المرور مطلوبة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="353"/>
        <source>Cannot open %1</source>
        <translation>تعذّر فتح %1</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="407"/>
        <source>Go to Sheet</source>
        <translation>الانتقال إلى لوحة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="408"/>
        <source>Sheet number (e.g. A-101) or position:</source>
        <translation>رقم اللوحة (مثل A-101) أو ترتيبها:</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="420"/>
        <source>No sheet %1</source>
        <translation>لا توجد لوحة %1</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="446"/>
        <source>Rendering cancelled</source>
        <translation>أُلغي الرسم</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="454"/>
        <source>Zoom %1%</source>
        <translation>التكبير %1%</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="481"/>
        <source>Calibrate Screen</source>
        <translation>معايرة الشاشة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="482"/>
        <source>Screen pixels per millimetre (the screen&apos;s width in pixels divided by its width in millimetres, measured with a ruler):</source>
        <translation>عدد بكسلات الشاشة لكل مليمتر (عرض الشاشة بالبكسل مقسوماً على عرضها بالمليمتر، مقيساً بالمسطرة):</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="490"/>
        <source>About Plan Review</source>
        <translation>حول مراجعة المخططات</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="491"/>
        <source>Plan Review: building-permit e-plan review.</source>
        <translation>مراجعة المخططات: المراجعة الإلكترونية لمخططات رخص البناء.</translation>
    </message>
</context>
<context>
    <name>NavigatorDock</name>
    <message>
        <location filename="../../desktop/navigator.py" line="83"/>
        <source>Sheets</source>
        <translation>اللوحات</translation>
    </message>
</context>
<context>
    <name>PendingOperationsDock</name>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="92"/>
        <source>Waiting</source>
        <translation>في الانتظار</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="92"/>
        <source>Sending</source>
        <translation>جارٍ الإرسال</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="93"/>
        <source>Will retry</source>
        <translation>ستُعاد المحاولة</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="94"/>
        <source>Needs attention</source>
        <translation>يحتاج إلى متابعة</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="97"/>
        <source>Pending Changes</source>
        <translation>التغييرات المعلّقة</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="99"/>
        <source>State</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="99"/>
        <source>Change</source>
        <translation>التغيير</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="99"/>
        <source>Attempts</source>
        <translation>المحاولات</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="99"/>
        <source>Reason</source>
        <translation>السبب</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="100"/>
        <source>&amp;Retry</source>
        <translation>إعادة المحاولة</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="101"/>
        <source>&amp;Discard</source>
        <translation>تجاهل</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/pending_panel.py" line="102"/>
        <source>Resolve &amp;Conflict…</source>
        <translation>حل التعارض…</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <location filename="../../desktop/printing.py" line="424"/>
        <source>Print</source>
        <translation>طباعة</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="425"/>
        <source>Current sheet</source>
        <translation>اللوحة الحالية</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="426"/>
        <source>All sheets</source>
        <translation>كل اللوحات</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="427"/>
        <source>All sheets of the chosen drawings</source>
        <translation>كل لوحات المخططات المختارة</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="431"/>
        <source>Fit to paper</source>
        <translation>ملاءمة حجم الورق</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="433"/>
        <source>True scale 1:%1</source>
        <translation>المقياس الحقيقي 1:%1</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="436"/>
        <source>Scale:</source>
        <translation>المقياس:</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="437"/>
        <source>Paper:</source>
        <translation>الورق:</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="438"/>
        <source>Tile overlap:</source>
        <translation>تداخل الأجزاء:</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="439"/>
        <source>Tile a sheet larger than the paper, with crop marks</source>
        <translation>تقسيم اللوحة الأكبر من الورق على عدة أوراق مع علامات القص</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="440"/>
        <source>Include markups</source>
        <translation>تضمين علامات المراجعة</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="441"/>
        <source>Pre&amp;view…</source>
        <translation>&amp;معاينة…</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="442"/>
        <source>Save as &amp;PDF…</source>
        <translation>حفظ بصيغة &amp;PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="443"/>
        <source>&amp;Print…</source>
        <translation>&amp;طباعة…</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="476"/>
        <source>Pages to print: %1 on %2 paper</source>
        <translation>عدد الصفحات للطباعة: %1 على ورق %2</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="530"/>
        <source>Save Print as PDF</source>
        <translation>حفظ الطباعة بصيغة PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="531"/>
        <source>PDF files (*.pdf)</source>
        <translation>ملفات PDF ‏(*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="549"/>
        <source>Cannot Print</source>
        <translation>تعذّرت الطباعة</translation>
    </message>
</context>
<context>
    <name>PrintingActions</name>
    <message>
        <location filename="../../desktop/printing.py" line="571"/>
        <source>&amp;Print…</source>
        <translation>&amp;طباعة…</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="572"/>
        <source>Print Several &amp;Drawings…</source>
        <translation>طباعة عدة &amp;مخططات…</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="600"/>
        <source>Print Several Drawings</source>
        <translation>طباعة عدة مخططات</translation>
    </message>
    <message>
        <location filename="../../desktop/printing.py" line="601"/>
        <source>Drawings (*.pdf *.dxf *.dwg)</source>
        <translation>المخططات (*.pdf *.dxf *.dwg)</translation>
    </message>
</context>
<context>
    <name>ReviewQueueDock</name>
    <message>
        <location filename="../../desktop/sync_ui/review_queue.py" line="134"/>
        <source>Waiting more than %1 days: %2</source>
        <translation>في الانتظار أكثر من %1 يومًا: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/review_queue.py" line="139"/>
        <source>Review Queue</source>
        <translation>قائمة المراجعة</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/review_queue.py" line="140"/>
        <source>Reference</source>
        <translation>الرقم المرجعي</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/review_queue.py" line="140"/>
        <source>Title</source>
        <translation>العنوان</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/review_queue.py" line="140"/>
        <source>State</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/review_queue.py" line="141"/>
        <source>Days waiting</source>
        <translation>أيام الانتظار</translation>
    </message>
</context>
<context>
    <name>ServerMenu</name>
    <message>
        <location filename="../../desktop/sync_ui/__init__.py" line="40"/>
        <source>&amp;Server</source>
        <translation>الخادم</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/__init__.py" line="41"/>
        <source>&amp;Log in to Permit Server…</source>
        <translation>تسجيل الدخول إلى خادم التراخيص…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/__init__.py" line="42"/>
        <source>S&amp;ync Now</source>
        <translation>مزامنة الآن</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../desktop/sync_ui/controller.py" line="173"/>
        <source>Log in to the permit server to open an application.</source>
        <translation>سجّل الدخول إلى خادم التراخيص لفتح طلب.</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <location filename="../../desktop/sync_ui/indicator.py" line="38"/>
        <source>%1 pending</source>
        <translation>%1 معلّق</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/indicator.py" line="40"/>
        <source>Not logged in</source>
        <translation>غير مسجّل الدخول</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/indicator.py" line="41"/>
        <source>Log in again</source>
        <translation>سجّل الدخول مرة أخرى</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/indicator.py" line="42"/>
        <source>Needs attention: %1</source>
        <translation>يحتاج إلى متابعة: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/indicator.py" line="44"/>
        <source>Online</source>
        <translation>متصل</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/indicator.py" line="45"/>
        <source>Offline</source>
        <translation>غير متصل</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_ui/indicator.py" line="49"/>
        <source>Changes waiting to be sent to the permit server; click to see them</source>
        <translation>تغييرات بانتظار الإرسال إلى خادم التراخيص؛ انقر لعرضها</translation>
    </message>
</context>
</TS>
