<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar_EG">
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
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/main_window.py" line="187"/>
        <source>&amp;Open…</source>
        <translation>&amp;فتح…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="187"/>
        <source>&amp;Close</source>
        <translation>إ&amp;غلاق</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="187"/>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="188"/>
        <source>Zoom &amp;In</source>
        <translation>ت&amp;كبير</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="188"/>
        <source>Zoom &amp;Out</source>
        <translation>ت&amp;صغير</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="189"/>
        <source>Fit &amp;Page</source>
        <translation>ملاءمة ال&amp;لوحة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="189"/>
        <source>Fit &amp;Width</source>
        <translation>ملاءمة ال&amp;عرض</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="190"/>
        <source>Actual Size (1:1)</source>
        <translation>المقاس الفعلي (1:1)</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="191"/>
        <source>Zoom to &amp;Rectangle</source>
        <translation>تكبير إلى م&amp;ستطيل</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="191"/>
        <source>Rotate View</source>
        <translation>تدوير العرض</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="192"/>
        <source>Previous Sheet</source>
        <translation>اللوحة السابقة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="192"/>
        <source>Next Sheet</source>
        <translation>اللوحة التالية</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="193"/>
        <source>&amp;Go to Sheet…</source>
        <translation>الا&amp;نتقال إلى لوحة…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="193"/>
        <source>&amp;Split View</source>
        <translation>&amp;تقسيم العرض</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="194"/>
        <source>S&amp;ynchronise Views</source>
        <translation>م&amp;زامنة العرضين</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="195"/>
        <source>&amp;Detach View to New Window</source>
        <translation>&amp;فصل العرض إلى نافذة جديدة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="196"/>
        <source>Cancel Rendering</source>
        <translation>إلغاء الرسم</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="197"/>
        <source>Calibrate Screen for 1:1…</source>
        <translation>معايرة الشاشة للمقاس 1:1…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="198"/>
        <source>&amp;About Plan Review</source>
        <translation>&amp;حول مراجعة المخططات</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="202"/>
        <source>&amp;File</source>
        <translation>&amp;ملف</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="203"/>
        <source>Open &amp;Recent</source>
        <translation>الملفات ال&amp;أخيرة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="204"/>
        <source>&amp;View</source>
        <translation>&amp;عرض</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="205"/>
        <source>&amp;Settings</source>
        <translation>الإ&amp;عدادات</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="206"/>
        <source>&amp;Language</source>
        <translation>ال&amp;لغة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="207"/>
        <source>&amp;Help</source>
        <translation>م&amp;ساعدة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="208"/>
        <source>Main Toolbar</source>
        <translation>شريط الأدوات الرئيسي</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="209"/>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="210"/>
        <source>Open a PDF, DXF or DWG drawing (Ctrl+O), or drop it here.</source>
        <translation>افتح مخططاً بصيغة PDF أو DXF أو DWG ‏(Ctrl+O)، أو أفلته هنا.</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="257"/>
        <source>Plan Review — second view</source>
        <translation>مراجعة المخططات — العرض الثاني</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="266"/>
        <source>Open Drawing</source>
        <translation>فتح مخطط</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="267"/>
        <source>Drawings (%1)</source>
        <translation>المخططات (%1)</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="275"/>
        <source>Opening %1…</source>
        <translation>جارٍ فتح %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="296"/>
        <source>%1 opened with warnings: see the Inspector</source>
        <translation>فُتح %1 مع تحذيرات: راجع لوحة المراجِع</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="303"/>
        <source>The password was not accepted. Password for %1:</source>
        <translation>لم تُقبل كلمة المرور. كلمة المرور للملف %1:</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="304"/>
        <source>%1 is encrypted. Password:</source>
        <translation>الملف %1 مشفّر. كلمة المرور:</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="305"/>
        <source>Password Required</source>
        <translation>كلمة المرور مطلوبة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="314"/>
        <source>Cannot open %1</source>
        <translation>تعذّر فتح %1</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="366"/>
        <source>Go to Sheet</source>
        <translation>الانتقال إلى لوحة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="367"/>
        <source>Sheet number (e.g. A-101) or position:</source>
        <translation>رقم اللوحة (مثل A-101) أو ترتيبها:</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="379"/>
        <source>No sheet %1</source>
        <translation>لا توجد لوحة %1</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="403"/>
        <source>Rendering cancelled</source>
        <translation>أُلغي الرسم</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="411"/>
        <source>Zoom %1%</source>
        <translation>التكبير %1%</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="437"/>
        <source>Calibrate Screen</source>
        <translation>معايرة الشاشة</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="438"/>
        <source>Screen pixels per millimetre (the screen&apos;s width in pixels divided by its width in millimetres, measured with a ruler):</source>
        <translation>عدد بكسلات الشاشة لكل مليمتر (عرض الشاشة بالبكسل مقسوماً على عرضها بالمليمتر، مقيساً بالمسطرة):</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="446"/>
        <source>About Plan Review</source>
        <translation>حول مراجعة المخططات</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="447"/>
        <source>Plan Review: building-permit e-plan review.</source>
        <translation>مراجعة المخططات: المراجعة الإلكترونية لمخططات رخص البناء.</translation>
    </message>
</context>
<context>
    <name>NavigatorDock</name>
    <message>
        <location filename="../../desktop/navigator.py" line="88"/>
        <source>Sheets</source>
        <translation>اللوحات</translation>
    </message>
</context>
</TS>
